package org.latchkey;

import java.io.IOException;

/** Sends POSIX signals with {@code kill}: {@code STOP} and {@code CONT} pause and resume a process as a stalled host would. */
public final class Signals {

    private Signals() {
    }

    /** Runs {@code kill -NAME pid} and fails unless it succeeded. */
    public static void send(String name, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes());
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed: " + output);
        }
    }
}
