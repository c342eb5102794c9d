package testenv

import (
	"net"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFreePortsSkipsBoundPorts(t *testing.T) {
	// Hold a port below the ephemeral range; the search must step over it.
	lo, _ := ephemeralRange()
	var held net.Listener
	for p := 29500; p < lo && held == nil; p++ {
		held, _ = net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
	}
	require.NotNil(t, held, "no free port below the ephemeral range to hold")
	defer held.Close()
	hp := held.Addr().(*net.TCPAddr).Port

	ports := FreePorts(t, hp, 2)
	require.Len(t, ports, 2)
	assert.Greater(t, ports[0], hp)
	assert.Greater(t, ports[1], ports[0])
	for _, p := range ports {
		c, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
		require.NoError(t, err, "port %d was returned as free", p)
		_ = c.Close()
	}
}

func TestFreePortsLeavesTheEphemeralRange(t *testing.T) {
	lo, hi := ephemeralRange()
	require.LessOrEqual(t, lo, hi)
	if hi >= 65535 {
		t.Skip("the ephemeral range reaches the last port")
	}
	for _, from := range []int{lo, hi} {
		ports := FreePorts(t, from, 1)
		assert.Greater(t, ports[0], hi, "from %d: a port inside %d–%d can be taken by any outgoing connection", from, lo, hi)
	}
}

func TestParsePortRange(t *testing.T) {
	for _, tc := range []struct {
		in     string
		lo, hi int
	}{
		{"32768\t60999\n", 32768, 60999},
		{"1024 65535", 1024, 65535},
		{"40000 40000", 40000, 40000},
		{"", 32768, 60999},
		{"1024", 32768, 60999},
		{"1 2 3", 32768, 60999},
		{"x 60999", 32768, 60999},
		{"1024 y", 32768, 60999},
		{"50000 40000", 32768, 60999},
	} {
		lo, hi := parsePortRange(tc.in)
		assert.Equal(t, [2]int{tc.lo, tc.hi}, [2]int{lo, hi}, "%q", tc.in)
	}
}
