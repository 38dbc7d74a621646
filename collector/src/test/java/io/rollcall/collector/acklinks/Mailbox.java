package io.rollcall.collector.acklinks;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Mail a GreenMail server received for one address, and the acknowledgement links in it. */
public final class Mailbox {
    private static final Pattern LINK = Pattern.compile("https://\\S+?(/ack/[A-Za-z0-9_-]{43})");

    private Mailbox() {
    }

    /** The bodies of the messages to {@code to}, oldest first, after waiting briefly for {@code atLeast} of them. */
    public static List<String> bodies(GreenMail smtp, String to, int atLeast) throws Exception {
        long until = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<String> out = new ArrayList<>();
            for (MimeMessage m : smtp.getReceivedMessages()) {
                if (m.getRecipients(Message.RecipientType.TO)[0].toString().equals(to)) {
                    out.add(m.getSubject() + "\n" + GreenMailUtil.getBody(m).replace("=\r\n", "").replace("=3D", "="));
                }
            }
            if (out.size() >= atLeast || System.nanoTime() > until) {
                return out;
            }
            // GreenMail stores a message just after the SMTP exchange ends: wait for that, not for the clock
            smtp.waitForIncomingEmail(200, smtp.getReceivedMessages().length + 1);
        }
    }

    /** The path ({@code /ack/<token>}) of the link in a mail body. */
    public static String link(String body) {
        Matcher m = LINK.matcher(body);
        if (!m.find()) {
            throw new AssertionError("no acknowledgement link in: " + body);
        }
        return m.group(1);
    }
}
