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
	ports := FreePorts(t, lo, 1)
	assert.Greater(t, ports[0], hi, "a port inside %d–%d can be taken by any outgoing connection", lo, hi)
}
