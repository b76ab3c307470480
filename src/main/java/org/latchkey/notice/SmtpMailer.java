package org.latchkey.notice;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends email over SMTP with Jakarta Mail (Eclipse Angus): one connection per message, with
 * timeouts, authentication when a user is set, and TLS as configured. With STARTTLS the upgrade is
 * required, so a server (or a man in the middle) that does not offer it gets nothing in plain text;
 * the server's certificate and host name are checked against the JVM's trust store. Mail debugging
 * stays off (it would print the AUTH exchange).
 */
public final class SmtpMailer implements EmailSender {

    private final SmtpSettings settings;
    private final Session session;

    public SmtpMailer(SmtpSettings settings) {
        this(settings, null);
    }

    /** With a socket factory of one's own for TLS (to trust a private CA's certificate, or a test server's). */
    public SmtpMailer(SmtpSettings settings, SSLSocketFactory tlsSockets) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings, tlsSockets));
        this.session.setDebug(false);
    }

    private static Properties properties(SmtpSettings settings, SSLSocketFactory tlsSockets) {
        Properties p = new Properties();
        String millis = Long.toString(settings.timeout().toMillis());
        p.put("mail.smtp.host", settings.host());
        p.put("mail.smtp.port", Integer.toString(settings.port()));
        p.put("mail.smtp.connectiontimeout", millis);
        p.put("mail.smtp.timeout", millis);
        p.put("mail.smtp.writetimeout", millis);
        p.put("mail.smtp.from", settings.from());
        p.put("mail.smtp.auth", Boolean.toString(settings.user() != null));
        switch (settings.tls()) {
            case STARTTLS -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
            }
            case TLS -> p.put("mail.smtp.ssl.enable", "true");
            case NONE -> { }
        }
        if (settings.tls() != SmtpTls.NONE) {
            p.put("mail.smtp.ssl.checkserveridentity", "true");
            if (tlsSockets != null) {
                p.put("mail.smtp.ssl.socketFactory", tlsSockets);
            }
        }
        return p;
    }

    @Override
    public SendResult send(String to, String subject, String text, String messageId) {
        try {
            MimeMessage message = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", messageId);
                }
            };
            message.setFrom(new InternetAddress(settings.from(), true));
            message.setRecipients(Message.RecipientType.TO, new Address[] {new InternetAddress(to, true)});
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setText(text, StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            message.setHeader("Auto-Submitted", "auto-generated");
            message.saveChanges();
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(settings.host(), settings.port(), settings.user(), settings.password());
                transport.sendMessage(message, message.getAllRecipients());
            }
            return SendResult.ok(null);
        } catch (MessagingException e) {
            return SendResult.failed(null, describe(e));
        }
    }

    /** The failure and the server's answer, first line only, with the password blotted out should it ever appear. */
    private String describe(MessagingException e) {
        Throwable cause = e.getNextException() != null ? e.getNextException() : e.getCause();
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("").strip();
        String text = e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message)
                + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")");
        if (settings.password() != null) {
            text = text.replace(settings.password(), "***");
        }
        return text.length() > 300 ? text.substring(0, 300) : text;
    }
}
