package workflow

// The catalog renders score.Error's Error() in English, as the tests read it.
import _ "github.com/parindex/parindex/internal/msg"
