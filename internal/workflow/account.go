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
		return score.Errorf(score.EUNPROCESSABLE, "%s code %q must be 1–64 letters, digits, '.', '_' or '-' (no spaces or diacritics)", "user", username)
	}
	if !slices.Contains(Roles, role) {
		return score.Errorf(score.EUNPROCESSABLE, "role %q is not one of admin, secretariat, council, unit", role)
	}
	if (role == RoleUnit) != (unit != "") {
		return score.Errorf(score.EUNPROCESSABLE, "a user with role unit must name its unit, and only such a user may")
	}
	return CheckPassword(username, pw)
}

// CheckPassword applies the password rules (internal/password): at least
// 10 characters, not blank, not the username, not one of the most common
// passwords, short enough for bcrypt.
func CheckPassword(username, p string) error {
	if err := password.Check(username, p); err != nil {
		return score.Errorf(score.EUNPROCESSABLE, "%s", err.Error())
	}
	return nil
}
