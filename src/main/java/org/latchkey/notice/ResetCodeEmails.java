package org.latchkey.notice;

import java.time.Instant;
import org.latchkey.HumanTime;
import org.latchkey.account.ResetCodeMail;
import org.latchkey.account.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emails a password reset code straight to the user, not through the outbox (which stores what it
 * sends, and a code is a secret): one attempt, while the administrator waits for the answer.
 */
public final class ResetCodeEmails implements ResetCodeMail {

    private static final Logger LOG = LoggerFactory.getLogger(ResetCodeEmails.class);

    private final EmailSender email;
    private final String resetPage;

    /** {@code email} null: no SMTP server, nothing is sent. {@code publicUrl} may be null. */
    public ResetCodeEmails(EmailSender email, String publicUrl) {
        this.email = email;
        this.resetPage = publicUrl == null ? "the /password-reset page of your Latchkey server"
                : publicUrl.replaceAll("/+$", "") + "/password-reset";
    }

    @Override
    public boolean send(User user, String code, Instant expiresAt) {
        if (email == null || user.email() == null || user.email().isBlank()) {
            return false;
        }
        String text = "An administrator reset the password of your Latchkey account " + user.login() + ".\n\n"
                + "Your reset code: " + code + "\n\n"
                + "Open " + resetPage + ", enter your user name, this code and a new password. The code works once,"
                + " until " + HumanTime.format(expiresAt) + ". Your personal access tokens keep working.\n\n"
                + "If you did not expect this, tell your administrator.";
        SendResult result = email.send(user.email(), "Your Latchkey password was reset", text,
                "<password-reset." + user.id() + "." + expiresAt.toEpochMilli() + ".latchkey@"
                        + user.email().substring(user.email().indexOf('@') + 1) + ">");
        if (result.error() != null) {
            LOG.warn("Could not email the password reset code to user {}: {}", user.id(), result.error());
            return false;
        }
        return true;
    }
}
