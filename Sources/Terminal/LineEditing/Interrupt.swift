import CReadline

/// Ctrl-C, recorded by a signal handler and acted on by ordinary code.
///
/// This is the only file that calls the shim's interrupt functions: their flag is a `static` C
/// variable, of which every Swift file using it would otherwise get its own copy.
public enum Interrupt {
    /// Installs the SIGINT handler: from now on Ctrl-C never kills the process, it only sets a flag.
    public static func installHandler() {
        _ = frontline_install_interrupt_handler()
    }

    /// Makes readline treat Ctrl-C on an empty line as the end of that line (see ``takeEmptyLineInterrupt()``).
    public static func routeReadlineInput() {
        frontline_rl_use_interrupting_getc()
    }

    /// Whether the last line readline returned ended with Ctrl-C on an empty line; clears the flag.
    public static func takeEmptyLineInterrupt() -> Bool { frontline_take_empty_line_interrupt() != 0 }

    /// Whether Ctrl-C was pressed since the last call; clears the flag.
    public static func take() -> Bool { frontline_take_interrupt() != 0 }

    /// Whether Ctrl-C was pressed and not yet handled.
    public static var isPending: Bool { frontline_interrupt_is_pending() != 0 }
}
