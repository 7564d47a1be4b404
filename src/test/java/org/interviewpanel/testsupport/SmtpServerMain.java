package org.interviewpanel.testsupport;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The test stack's SMTP server: GreenMail (a real SMTP and IMAP server, from Maven Central) in a child JVM, so a test
 * can take it down and bring it back like the broker. Any address receives mail; IMAP logs in with the address as user
 * and password. Arguments: SMTP port, IMAP port.
 */
public final class SmtpServerMain {

    private SmtpServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        GreenMail mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(Integer.parseInt(args[0]), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(Integer.parseInt(args[1]), "127.0.0.1", ServerSetup.PROTOCOL_IMAP) })
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        System.out.println("GreenMail ready: SMTP " + args[0] + ", IMAP " + args[1]);
        Runtime.getRuntime().addShutdownHook(new Thread(mail::stop));
        Thread.currentThread().join();
    }
}
