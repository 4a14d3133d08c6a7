package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/parindex/parindex/internal/httpapi"
	"github.com/parindex/parindex/internal/store"
	"github.com/parindex/parindex/internal/workflow"
)

const userUsage = `usage:
  parindex user add --username NAME --role admin|secretariat|council|unit [--unit CODE]
  parindex user passwd --username NAME
  parindex user disable --username NAME
The password is read from the first line of standard input.`

// userCmd manages accounts on the server itself, e.g. the first admin of a
// server started without PARINDEX_ADMIN_PASSWORD.
func userCmd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New(userUsage)
	}
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	username := fs.String("username", "", "the account")
	role := fs.String("role", "", "admin, secretariat, council or unit")
	unit := fs.String("unit", "", "a unit user's unit code")
	db := dbFlag(fs, getenv)
	if err := fs.Parse(args[1:]); err != nil {
		return fmt.Errorf("%v\n%s", err, userUsage)
	}
	if *username == "" {
		return errors.New("--username is required\n" + userUsage)
	}
	st, err := openExisting(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	ctx = store.WithActor(ctx, workflow.Actor{Name: "cli"})
	readPassword := func() (string, error) {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", err
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	switch args[0] {
	case "add":
		pw, err := readPassword()
		if err != nil {
			return err
		}
		if err := workflow.CheckNewUser(*username, *role, *unit, pw); err != nil {
			return err
		}
		hash, err := httpapi.HashPassword(pw)
		if err != nil {
			return err
		}
		if _, err := st.CreateUser(ctx, workflow.User{Username: *username, Role: *role, Unit: *unit}, hash); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created user %s (%s)\n", *username, *role)
	case "passwd":
		pw, err := readPassword()
		if err != nil {
			return err
		}
		if err := workflow.CheckPassword(*username, pw); err != nil {
			return err
		}
		hash, err := httpapi.HashPassword(pw)
		if err != nil {
			return err
		}
		if _, err := st.UpdateUser(ctx, *username, store.UserChange{PasswordHash: &hash, Reason: "parindex user passwd"}); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "changed the password of %s; its sessions are ended\n", *username)
	case "disable":
		off := false
		if _, err := st.UpdateUser(ctx, *username, store.UserChange{Active: &off, Reason: "parindex user disable"}); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "disabled %s; its sessions are ended\n", *username)
	default:
		return fmt.Errorf("unknown user command %q\n%s", args[0], userUsage)
	}
	return nil
}
