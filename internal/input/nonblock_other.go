//go:build !unix

package input

// nonBlock: elsewhere a FIFO is refused by the Stat before the open.
const nonBlock = 0
