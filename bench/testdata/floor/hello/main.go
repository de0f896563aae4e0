// Command hello is the cold-start floor of any Go binary on this machine: the runtime alone.
package main

import "os"

func main() {
	os.Stdout.WriteString("hello dev\n")
}
