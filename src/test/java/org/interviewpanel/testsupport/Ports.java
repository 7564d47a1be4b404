package org.interviewpanel.testsupport;

/** Free local ports for the servers tests start, chosen where no outgoing connection can take them first. */
public final class Ports {

    private Ports() {
    }

    /** A free port below the ephemeral range, never the same one twice in this JVM (see {@code ChildProcess}). */
    public static int free() {
        return ChildProcess.freePort();
    }
}
