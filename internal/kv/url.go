package kv

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// ParseRedisURL turns a redis:// or rediss:// URL into options for
// NewRedisClient. The URL's shape picks the topology:
//
//	redis://host:6379/0                               a single node
//	redis://host1:6379?addr=host2:6379&addr=host3:6379 a Cluster, seeded by every address
//	redis://sentinel1:26379?master_name=mymaster&addr=sentinel2:26379
//	                                                  Sentinel; the addresses are sentinels
//
// Every query parameter go-redis documents for ParseURL, ParseClusterURL and
// ParseFailoverURL (dial_timeout, pool_size, ...) is honoured; unknown ones
// are an error. Errors never repeat the URL, which may carry a password.
func ParseRedisURL(raw string) (*redis.UniversalOptions, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, errors.New("parse redis URL: empty URL")
	}
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // drop the echoed URL and its credentials
		}
		return nil, fmt.Errorf("parse redis URL: %w", err)
	}
	if u.Scheme != "redis" && u.Scheme != "rediss" {
		return nil, fmt.Errorf("parse redis URL: scheme %q is not redis or rediss", u.Scheme)
	}
	if u.Opaque != "" {
		return nil, errors.New(`parse redis URL: missing "//" after the scheme`)
	}

	q := u.Query()
	var opts *redis.UniversalOptions
	switch {
	case q.Has("master_name"):
		opts, err = parseSentinel(raw)
	case q.Has("addr"):
		opts, err = parseCluster(raw, u)
	default:
		opts, err = parseSingle(raw)
	}
	if err != nil {
		return nil, fmt.Errorf("parse redis URL: %w", err)
	}
	return opts, nil
}

// NewRedisClient builds the client matching opts: plain, Cluster or Sentinel.
// Nil opts mean go-redis's defaults (a single node on 127.0.0.1:6379) rather
// than the panic go-redis would raise.
func NewRedisClient(opts *redis.UniversalOptions) redis.UniversalClient {
	if opts == nil {
		opts = &redis.UniversalOptions{}
	}
	return redis.NewUniversalClient(opts)
}

func parseSingle(raw string) (*redis.UniversalOptions, error) {
	o, err := redis.ParseURL(raw)
	if err != nil {
		return nil, err
	}
	u := universalFrom(o)
	u.Addrs = []string{o.Addr}
	return u, nil
}

func parseCluster(raw string, u *url.URL) (*redis.UniversalOptions, error) {
	// ParseClusterURL ignores the path, so a database number there would be
	// silently dropped; Cluster only has database 0.
	if db := strings.Trim(u.Path, "/"); db != "" && db != "0" {
		return nil, fmt.Errorf("cluster has only database 0, URL selects %q", db)
	}
	o, err := redis.ParseClusterURL(raw)
	if err != nil {
		return nil, err
	}
	uo := universalFrom(o)
	uo.Addrs = o.Addrs
	// A single addr parameter repeating the host would otherwise leave one
	// address and be taken for a plain node.
	uo.IsClusterMode = true
	return uo, nil
}

func parseSentinel(raw string) (*redis.UniversalOptions, error) {
	o, err := redis.ParseFailoverURL(raw)
	if err != nil {
		return nil, err
	}
	if o.MasterName == "" {
		return nil, errors.New("master_name is empty")
	}
	if o.UseDisconnectedReplicas {
		return nil, errors.New("use_disconnected_replicas is not supported by the universal client")
	}
	u := universalFrom(o)
	u.Addrs = o.SentinelAddrs
	u.ReadOnly = o.ReplicaOnly
	return u, nil
}

// universalFrom copies every field of a go-redis option struct that
// UniversalOptions has under the same name and type. The URL parsers fill
// dozens of tuning fields from query parameters; copying by name keeps all of
// them, including ones a future go-redis adds, where a hand-written list
// would silently drop what it forgot. The address fields differ in name and
// are set by the callers.
func universalFrom(src any) *redis.UniversalOptions {
	dst := &redis.UniversalOptions{}
	d := reflect.ValueOf(dst).Elem()
	s := reflect.ValueOf(src).Elem()
	for i := range d.NumField() {
		field := d.Type().Field(i)
		from := s.FieldByName(field.Name)
		if field.IsExported() && from.IsValid() && from.CanInterface() && from.Type() == field.Type {
			d.Field(i).Set(from)
		}
	}
	return dst
}

// BoundTimeouts keeps a dead Redis from holding requests: the dial, read and write timeouts the
// URL left unset become timeout, a failed command is retried once instead of go-redis's three
// times with backoff, and a failed dial once instead of five times 100 ms apart (together what
// made each request wait about 1.7 s on a refused connection). Settings given in the URL win.
func BoundTimeouts(o *redis.UniversalOptions, timeout time.Duration) {
	if o.DialTimeout == 0 {
		o.DialTimeout = timeout
	}
	if o.ReadTimeout == 0 {
		o.ReadTimeout = timeout
	}
	if o.WriteTimeout == 0 {
		o.WriteTimeout = timeout
	}
	if o.MaxRetries == 0 {
		o.MaxRetries = 1
	}
	if o.DialerRetries == 0 {
		o.DialerRetries = 1
	}
}
