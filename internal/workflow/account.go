package workflow

import (
	"slices"

	"github.com/parindex/parindex/internal/password"
	"github.com/parindex/parindex/internal/score"
	"github.com/parindex/parindex/internal/textrule"
)

// The account rules, for every surface that creates or changes an account
// (the API and the command line).

// CheckNewUser applies the rules for a new account: a code-like username,
// one of the roles, a unit exactly for a unit user, and the password rules.
func CheckNewUser(username, role, unit, pw string) error {
	if !textrule.Code(username) {
		return score.E(score.EUNPROCESSABLE, "error.code.user", username)
	}
	if !slices.Contains(Roles, role) {
		return score.E(score.EUNPROCESSABLE, "error.role.unknown", role)
	}
	if (role == RoleUnit) != (unit != "") {
		return score.E(score.EUNPROCESSABLE, "error.user.unit")
	}
	return CheckPassword(username, pw)
}

// CheckPassword applies the password rules (internal/password): at least
// 10 characters, not blank, not the username, not one of the most common
// passwords, short enough for bcrypt.
func CheckPassword(username, p string) error {
	return password.Check(username, p)

}
