package token

import (
	"crypto/ed25519"
	"fmt"
	"os"
)

// LoadKeySet builds the key set from PEM files, or from the key generated into dataDir when no
// file is given.
func LoadKeySet(activeFile string, previousFiles []string, dataDir string) (*KeySet, error) {
	if activeFile == "" {
		key, err := LoadOrGenerate(dataDir)
		if err != nil {
			return nil, err
		}
		return NewKeySet(key), nil
	}
	active, err := readKeyFile(activeFile)
	if err != nil {
		return nil, err
	}
	previous := make([]ed25519.PrivateKey, 0, len(previousFiles))
	for _, f := range previousFiles {
		k, err := readKeyFile(f)
		if err != nil {
			return nil, err
		}
		previous = append(previous, k)
	}
	return NewKeySet(active, previous...), nil
}

func readKeyFile(path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	k, err := ParsePrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("signing key %s: %w", path, err)
	}
	return k, nil
}
