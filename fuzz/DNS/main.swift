import FuzzDriver
import Glibc

// The process entry point (see Package.swift): libFuzzer's driver with this target's LLVMFuzzerTestOneInput.
var argumentCount = CommandLine.argc
var arguments = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argumentCount, &arguments) { data, size in fuzzDNS(data, size) })
