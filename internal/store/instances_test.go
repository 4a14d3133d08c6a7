package store

import (
	"context"
	"sync"
	"testing"
)

// TestFirstAdminOnce: instances starting together on one database each try
// to create the first admin; one does, none fails.
func TestFirstAdminOnce(t *testing.T) {
	url := testURL(t)
	first := open1(t, url)
	const n = 4
	stores := []*Store{first}
	for len(stores) < n {
		stores = append(stores, open1(t, url))
	}
	var wg sync.WaitGroup
	created := make([]bool, n)
	errs := make([]error, n)
	for i, st := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			created[i], errs[i] = st.CreateFirstAdmin(context.Background(), "admin", "$2a$10$hash")
		}()
	}
	wg.Wait()
	count := 0
	for i := range stores {
		if errs[i] != nil {
			t.Errorf("instance %d: %v", i, errs[i])
		}
		if created[i] {
			count++
		}
	}
	if count != 1 {
		t.Errorf("%d instances created the first admin, want 1", count)
	}
}

func open1(t *testing.T, url string) *Store {
	t.Helper()
	st, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
