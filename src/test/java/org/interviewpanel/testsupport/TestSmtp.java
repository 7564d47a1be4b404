package org.interviewpanel.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server for the test stack ({@link SmtpServerMain}: GreenMail as a child JVM), with IMAP to read what
 * arrived. It can be stopped and started again on the same ports, for outage tests; a restart starts with empty
 * mailboxes.
 */
public final class TestSmtp {

    private final Path dir;
    private final int smtpPort;
    private final int imapPort;
    private ChildProcess server;

    TestSmtp(Path dir) {
        this(dir, ChildProcess.freePort(), ChildProcess.freePort());
    }

    TestSmtp(Path dir, int smtpPort, int imapPort) {
        this.dir = dir;
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
    }

    TestSmtp start() {
        server = new ChildProcess("GreenMail", List.of(ChildProcess.java(), "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), SmtpServerMain.class.getName(), String.valueOf(smtpPort),
                String.valueOf(imapPort)), dir.resolve("greenmail.log"), Map.of())
                .start(Duration.ofSeconds(60), () -> open(smtpPort) && open(imapPort));
        return this;
    }

    long pid() {
        return server.pid();
    }

    int smtpPort() {
        return smtpPort;
    }

    int imapPort() {
        return imapPort;
    }

    Path dir() {
        return dir;
    }

    private static boolean open(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
