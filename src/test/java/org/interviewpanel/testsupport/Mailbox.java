package org.interviewpanel.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * Reads an address's inbox on the test stack's mail server over IMAP (a real protocol: what a person's mail client
 * would see).
 */
public final class Mailbox {

    /** A received mail: its headers of interest, its text, and its iCalendar part (null when it has none). */
    public record Mail(String to, String subject, String messageId, String mailId, String text, String calendar,
            String calendarContentType) {
    }

    private Mailbox() {
    }

    public static List<Mail> of(String address) {
        return of(address, null);
    }

    /**
     * The mails whose subject contains the text (all when null), found by the IMAP server's SEARCH: an inbox that
     * holds a whole test run's mail is not downloaded to find three.
     */
    public static List<Mail> of(String address, String subjectContains) {
        Properties props = new Properties();
        props.setProperty("mail.imap.host", "127.0.0.1");
        props.setProperty("mail.imap.port", String.valueOf(Stack.imapPort()));
        props.setProperty("mail.imap.connectiontimeout", "5000");
        props.setProperty("mail.imap.timeout", "5000");
        try {
            Store store = Session.getInstance(props).getStore("imap");
            store.connect(address, address);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                List<Mail> mails = new ArrayList<>();
                Message[] found = subjectContains == null ? inbox.getMessages()
                        : inbox.search(new jakarta.mail.search.SubjectTerm(subjectContains));
                for (Message m : found) {
                    mails.add(read(address, m));
                }
                inbox.close(false);
                return mails;
            } finally {
                store.close();
            }
        } catch (MessagingException | IOException e) {
            if (String.valueOf(e.getMessage()).contains("INBOX")) {
                return List.of(); // no mail has reached this address yet
            }
            throw new IllegalStateException("cannot read the mailbox of " + address + ": " + e, e);
        }
    }

    private static Mail read(String address, Message m) throws MessagingException, IOException {
        StringBuilder text = new StringBuilder();
        String[] calendar = new String[2];
        collect(m, text, calendar);
        return new Mail(address, m.getSubject(), header(m, "Message-ID"), header(m, "X-Interview-Panel-Mail"),
                text.toString(), calendar[0], calendar[1]);
    }

    private static void collect(Part part, StringBuilder text, String[] calendar) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                collect(body, text, calendar);
            }
        } else if (part.isMimeType("text/calendar") || String.valueOf(part.getFileName()).endsWith(".ics")) {
            calendar[0] = readAll(part);
            calendar[1] = part.getContentType();
        } else if (part.isMimeType("text/plain")) {
            text.append(part.getContent());
        }
    }

    private static String readAll(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static String header(Message m, String name) throws MessagingException {
        String[] values = m.getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }
}
