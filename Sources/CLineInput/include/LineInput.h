#ifndef FRONTLINE_LINE_INPUT_H
#define FRONTLINE_LINE_INPUT_H

// How the REPL reads the terminal through readline: Ctrl-C recorded by a signal handler and acted on
// in ordinary code, and a pipe through which another thread wakes the reading thread to redraw the
// prompt. The state lives in LineInput.c, so there is one copy of it however many Swift files call
// these functions.

/// Installs the Ctrl-C handler without SA_RESTART, so that readline's wait returns EINTR and
/// readline calls its signal event hook; the calling thread becomes the one Ctrl-C is passed on to.
/// 0 on success.
int frontline_install_interrupt_handler(void);

/// Whether Ctrl-C was pressed since the last call; clears the flag.
int frontline_take_interrupt(void);

/// Whether Ctrl-C was pressed since the flag was last cleared, leaving it set.
int frontline_interrupt_is_pending(void);

/// Makes readline read through frontline's character reader: it runs the wake hook whenever
/// another thread wakes it while it waits, and reads Ctrl-C on an empty line as a newline, so that
/// readline hands back an empty line at once and the caller can tell why.
void frontline_rl_use_interrupting_getc(void);

/// Whether the last line ended with Ctrl-C on an empty line; clears the flag.
int frontline_take_empty_line_interrupt(void);

/// Opens the wake pipe and sets what the reading thread runs when woken; 0 on success.
int frontline_open_wake(void (*hook)(void));

/// Wakes the reading thread, from any thread; a wake already pending covers this one, so the pipe
/// never holds more than one byte and a write never blocks.
void frontline_wake_reader(void);

/// Shows `prompt` in place of the current one and redraws the line, unless readline is showing a
/// prompt of its own (a history search, a numeric argument, a completion listing); 1 if shown.
int frontline_rl_replace_prompt(const char *prompt);

#endif
