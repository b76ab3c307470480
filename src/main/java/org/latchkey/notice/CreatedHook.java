package org.latchkey.notice;

/** A new hook, with its secret when the server generated it: shown this once, never again. */
public record CreatedHook(Hook hook, String generatedSecret) {
}
