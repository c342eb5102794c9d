package testenv

import (
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
)

// FreePorts returns n TCP ports on 127.0.0.1 for servers a test starts
// itself (a private Postgres primary, its standby), searching upward from
// preferred and taking a port only if it can be bound now.
//
// Why not fixed ports: any port in the kernel's ephemeral range
// (net.ipv4.ip_local_port_range, 32768–60999 by default on Linux) can be
// the local end of some other test's outgoing connection at the moment the
// server starts — which is how a CI run once failed on "could not bind
// 127.0.0.1:54346: Address already in use". So the search also skips the
// ephemeral range, where the kernel hands ports out without asking; pick a
// preferred port below it. It stays a search, not a single port, because a
// leftover server from a killed run, or someone else's, may hold it.
//
// The ports are free when returned, not reserved: the caller starts its
// server right away. Tests in different packages use different preferred
// ports so that their searches do not meet.
func FreePorts(t testing.TB, preferred, n int) []int {
	t.Helper()
	lo, hi := ephemeralRange()
	var ports []int
	for p := preferred; p < 65536 && len(ports) < n; p++ {
		if p >= lo && p <= hi {
			p = hi // the loop's p++ moves past the range
			continue
		}
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		if err != nil {
			continue
		}
		_ = l.Close()
		ports = append(ports, p)
	}
	if len(ports) < n {
		t.Fatalf("no %d free TCP ports on 127.0.0.1 from %d up", n, preferred)
	}
	return ports
}

// ephemeralRange is the kernel's range for local ports of outgoing
// connections, or Linux's default when it cannot be read.
func ephemeralRange() (lo, hi int) {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return defaultEphemeralLo, defaultEphemeralHi
	}
	return parsePortRange(string(b))
}

// Linux's default net.ipv4.ip_local_port_range.
const defaultEphemeralLo, defaultEphemeralHi = 32768, 60999

// parsePortRange reads ip_local_port_range's "LO<tab>HI"; anything else
// is the default range.
func parsePortRange(s string) (lo, hi int) {
	f := strings.Fields(s)
	if len(f) != 2 {
		return defaultEphemeralLo, defaultEphemeralHi
	}
	l, err1 := strconv.Atoi(f[0])
	h, err2 := strconv.Atoi(f[1])
	if err1 != nil || err2 != nil || l > h {
		return defaultEphemeralLo, defaultEphemeralHi
	}
	return l, h
}
