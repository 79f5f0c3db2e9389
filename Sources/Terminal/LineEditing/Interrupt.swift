import CLineInput

/// Ctrl-C, recorded by a signal handler and acted on by ordinary code.
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

/// Wakes the thread reading the terminal from another thread, so that it redraws the prompt (the
/// vectors' build progress) while the user types. readline itself is touched on the reading thread
/// only, by the hook.
public enum ReaderWake {
    /// Sets the function the reading thread runs when woken; `false` if the pipe could not be opened.
    static func install(_ hook: @convention(c) () -> Void) -> Bool { frontline_open_wake(hook) == 0 }

    /// Wakes the reading thread; safe from any thread, and a no-op before ``install(_:)``.
    public static func wake() { frontline_wake_reader() }
}
