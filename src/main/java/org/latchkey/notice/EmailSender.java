package org.latchkey.notice;

/** Sends one plain-text email. */
public interface EmailSender {

    /** Sends it; the result's error (never holding a secret) says why not. */
    SendResult send(String to, String subject, String text, String messageId);
}
