package httpapi

import (
	"golang.org/x/crypto/bcrypt"
)

// passwordCost is the bcrypt cost of the hashes the server makes:
// bcrypt.DefaultCost unless Options.PasswordCost says otherwise (tests
// lower it to bcrypt.MinCost, which is not a setting of the service).
func (s *Server) passwordCost() int {
	if s.opt.PasswordCost == 0 {
		return bcrypt.DefaultCost
	}
	return s.opt.PasswordCost
}

// hashPassword hashes a password for storage at the server's cost.
func (s *Server) hashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), s.passwordCost())
	return string(h), err
}

// noSuchUserHash is the hash compared against when the user does not
// exist, at the server's cost, so that a wrong username takes as long as a
// wrong password.
func (s *Server) noSuchUserHash() []byte {
	if s.passwordCost() == bcrypt.DefaultCost {
		return dummyHash
	}
	s.dummyOnce.Do(func() {
		s.dummy, _ = bcrypt.GenerateFromPassword([]byte("parindex-no-such-user"), s.passwordCost())
	})
	return s.dummy
}
