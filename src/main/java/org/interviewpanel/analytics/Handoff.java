package org.interviewpanel.analytics;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Hands items from one thread to a writer on another, which takes them one at a time in the order handed: the hander
 * prepares the next item while the writer writes the one before. At most {@code ahead} items wait; a failure of the
 * writer reaches the hander at its next {@link #hand} or at {@link #finish}, as the exception the writer threw.
 */
final class Handoff<T> {

    /** Writes one item. */
    interface Writer<T> {
        void write(T item) throws Exception;
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> waiting;
    private final Writer<T> writer;
    private final Future<?> writing;
    /** Why the writer stopped, if it failed. */
    private volatile Exception failed;

    Handoff(ExecutorService executor, int ahead, Writer<T> writer) {
        this.waiting = new ArrayBlockingQueue<>(ahead);
        this.writer = writer;
        this.writing = executor.submit(this::write);
    }

    /** Hands an item to the writer, waiting while {@code ahead} items wait; throws what stopped the writer. */
    void hand(T item) throws Exception {
        enqueue(item);
    }

    /** Waits until the writer has written every item handed; throws what stopped it, if anything did. */
    void finish() throws Exception {
        enqueue(END);
        writing.get();
        rethrowFailure();
    }

    /** The hander gives up (it failed): the items still waiting are not written. */
    void abandon() {
        writing.cancel(true);
    }

    private void enqueue(Object item) throws Exception {
        while (!waiting.offer(item, 100, TimeUnit.MILLISECONDS)) {
            rethrowFailure();
            if (writing.isDone()) {
                throw new IllegalStateException("the writer stopped");
            }
        }
        rethrowFailure();
    }

    @SuppressWarnings("unchecked")
    private void write() {
        try {
            for (Object item = waiting.take(); item != END; item = waiting.take()) {
                writer.write((T) item);
            }
        } catch (Exception e) {
            failed = e;
        }
    }

    private void rethrowFailure() throws Exception {
        Exception e = failed;
        if (e != null) {
            throw e;
        }
    }
}
