package io.rollcall.collector.reminders;

import io.rollcall.collector.loans.LoanSettings;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Sends plain-text mail through the configured SMTP server (Jakarta Mail, Eclipse Angus). Blocking. */
public final class Mailer {
    private final Session session;
    private final InternetAddress from;

    public Mailer(LoanSettings.Mail m) {
        if (!m.enabled()) {
            throw new IllegalArgumentException("smtp.host is not set");
        }
        Properties p = new Properties();
        p.put("mail.smtp.host", m.host());
        p.put("mail.smtp.port", String.valueOf(m.port()));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "20000");
        p.put("mail.smtp.writetimeout", "20000");
        if (m.startTls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        Authenticator auth = null;
        if (m.user() != null) {
            p.put("mail.smtp.auth", "true");
            String user = m.user();
            String password = m.password() == null ? "" : m.password();
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            };
        }
        this.session = Session.getInstance(p, auth);
        try {
            this.from = new InternetAddress(m.from() != null ? m.from() : "rollcall@" + m.host(), true);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalArgumentException("smtp.from was '" + m.from() + "', must be an e-mail address");
        }
    }

    public void send(String to, String subject, String body) throws MessagingException {
        MimeMessage msg = new MimeMessage(session);
        msg.setFrom(from);
        msg.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
        msg.setSubject(subject, StandardCharsets.UTF_8.name());
        msg.setText(body, StandardCharsets.UTF_8.name());
        Transport.send(msg);
    }
}
