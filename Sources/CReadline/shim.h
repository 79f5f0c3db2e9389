#ifndef FRONTLINE_CREADLINE_SHIM_H
#define FRONTLINE_CREADLINE_SHIM_H
// readline.h uses FILE without including stdio.h itself.
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <signal.h>
#include <pthread.h>
#include <readline/readline.h>
#include <readline/history.h>

// Swift 6 treats readline's C globals as unsafe shared state; the Terminal module sets and reads
// them only through these functions. readline keeps the pointers it is given: pass strdup'ed strings.

static inline int frontline_history_length(void) { return history_length; }

static inline int frontline_history_base(void) { return history_base; }

static inline void frontline_rl_set_readline_name(const char *name) { rl_readline_name = name; }

static inline void frontline_rl_set_attempted_completion_function(rl_completion_func_t *function) {
    rl_attempted_completion_function = function;
}

static inline void frontline_rl_set_completer_word_break_characters(char *characters) {
    rl_completer_word_break_characters = characters;
}

static inline void frontline_rl_set_completion_word_break_hook(rl_cpvfunc_t *function) {
    rl_completion_word_break_hook = function;
}

static inline void frontline_rl_set_completion_display_matches_hook(rl_compdisp_func_t *function) {
    rl_completion_display_matches_hook = function;
}

/// Stops readline from falling back to file-name completion when frontline has no candidates.
static inline void frontline_rl_set_attempted_completion_over(int value) { rl_attempted_completion_over = value; }

static inline void frontline_rl_set_completion_append_character(int character) {
    rl_completion_append_character = character;
}

static inline void frontline_rl_set_catch_signals(int value) { rl_catch_signals = value; }

static inline void frontline_rl_set_signal_event_hook(rl_hook_func_t *function) { rl_signal_event_hook = function; }

static inline void frontline_rl_set_output_stream(FILE *stream) { rl_outstream = stream; }

static inline FILE *frontline_stdout(void) { return stdout; }

static inline const char *frontline_rl_line_buffer(void) { return rl_line_buffer; }

static inline int frontline_rl_point(void) { return rl_point; }

static inline int frontline_rl_end(void) { return rl_end; }

// Ctrl-C. The handler only records the signal (all it may safely do); readline's signal event hook
// and the output loops act on it in ordinary code. The flag is static, so each Swift file that used
// these functions would get its own copy: only Sources/Terminal/Interrupt.swift calls them.

static volatile sig_atomic_t frontline_interrupt_pending = 0;

/// The thread that reads the terminal: the one that installed the handler.
static pthread_t frontline_reading_thread = 0;

/// The system hands a process's SIGINT to any thread that does not block it; while the index or the
/// vectors are built in the background, that is often not the thread blocked in read(). The signal is
/// passed on to the reading thread, whose read() must return EINTR for readline to act at once.
static inline void frontline_interrupt_handler(int signal_number) {
    frontline_interrupt_pending = 1;
    if (!pthread_equal(pthread_self(), frontline_reading_thread)) pthread_kill(frontline_reading_thread, signal_number);
}

/// Installs the Ctrl-C handler without SA_RESTART, so that readline's read() returns EINTR and
/// readline calls its signal event hook.
static inline int frontline_install_interrupt_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    frontline_reading_thread = pthread_self();
    action.sa_handler = frontline_interrupt_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    if (sigaction(SIGINT, &action, NULL) != 0) return -1;
    // A parent may have started frontline with SIGINT blocked; the handler is useless unless it runs.
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    return sigprocmask(SIG_UNBLOCK, &interrupt, NULL);
}

/// Whether Ctrl-C was pressed since the last call; clears the flag.
static inline int frontline_take_interrupt(void) {
    int pending = frontline_interrupt_pending;
    frontline_interrupt_pending = 0;
    return pending;
}

/// Whether Ctrl-C was pressed since the flag was last cleared, leaving it set.
static inline int frontline_interrupt_is_pending(void) { return frontline_interrupt_pending; }

static volatile sig_atomic_t frontline_empty_line_interrupted = 0;

// read(2), declared here rather than through <unistd.h>, whose constants would then clash in Swift
// with the same names from the C library module.
extern ssize_t read(int file_descriptor, void *buffer, size_t count);

/// readline's character reader: like rl_getc, except that Ctrl-C on an empty line reads as a newline,
/// so readline hands back an empty line at once and the caller can tell why (a scenario or quiz ends).
/// Ctrl-C on a line with text runs the signal event hook, which clears the line, as before. Signals
/// readline handles itself (a window resize) are passed on to it.
static inline int frontline_getc(FILE *stream) {
    for (;;) {
        unsigned char character;
        ssize_t count = read(fileno(stream), &character, 1);
        if (count == 1) return character;
        if (count == 0 || errno != EINTR) return EOF;
        rl_check_signals();
        if (frontline_interrupt_pending && rl_end == 0) {
            frontline_interrupt_pending = 0;
            frontline_empty_line_interrupted = 1;
            return '\n';
        }
        if (rl_signal_event_hook) (*rl_signal_event_hook)();
    }
}

/// Makes readline read through frontline_getc.
static inline void frontline_rl_use_interrupting_getc(void) { rl_getc_function = frontline_getc; }

/// Whether the last line ended with Ctrl-C on an empty line; clears the flag.
static inline int frontline_take_empty_line_interrupt(void) {
    int interrupted = frontline_empty_line_interrupted;
    frontline_empty_line_interrupted = 0;
    return interrupted;
}
#endif
