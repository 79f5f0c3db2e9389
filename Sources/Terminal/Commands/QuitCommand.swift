extension ReplCommand {
    /// `quit`: leave.
    public static let quit = ReplCommand(
        name: "quit", aliases: ["exit"], usage: "quit", summary: "Leave frontline (Ctrl-D does the same).",
        help: "Leaves frontline. Your command history is saved as you go, so nothing is lost.",
        takesArguments: false
    ) { _, _ in .quit }
}
