package org.interviewpanel.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The rebuild's hand-over from the thread that reads the topic to the one that writes the tables. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HandoffTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void theWriterWritesEveryItemInTheOrderHandedBeforeFinishReturns() throws Exception {
        List<Integer> written = new CopyOnWriteArrayList<>();
        Handoff<Integer> handoff = new Handoff<>(executor, 2, written::add);
        for (int i = 0; i < 1_000; i++) {
            handoff.hand(i);
        }
        handoff.finish();
        assertThat(written).hasSize(1_000).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void whatStopsTheWriterReachesTheHanderInsteadOfAHang() throws Exception {
        SQLException refused = new SQLException("the database refused the batch", "53100");
        List<Integer> written = new CopyOnWriteArrayList<>();
        Handoff<Integer> handoff = new Handoff<>(executor, 2, item -> {
            if (item == 3) {
                throw refused;
            }
            written.add(item);
        });
        // The hander keeps handing: once the writer has stopped, a hand throws its exception (the queue fills at
        // the latest two items after the failure, so this loop ends).
        assertThatThrownBy(() -> {
            for (int i = 0;; i++) {
                handoff.hand(i);
            }
        }).isSameAs(refused);
        assertThatThrownBy(handoff::finish).isSameAs(refused);
        assertThat(written).containsExactly(0, 1, 2);
    }

    @Test
    void aFailureAfterTheLastHandReachesFinish() throws Exception {
        IllegalStateException takenOver = new IllegalStateException("another instance took the rebuild over");
        Handoff<Integer> handoff = new Handoff<>(executor, 2, item -> {
            throw takenOver;
        });
        try {
            handoff.hand(1); // the writer may not have failed yet: the hand itself may pass
        } catch (IllegalStateException e) {
            assertThat(e).isSameAs(takenOver);
        }
        assertThatThrownBy(handoff::finish).isSameAs(takenOver);
    }

    @Test
    void abandoningStopsTheWriterWithoutWritingWhatWaits() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        List<Integer> written = new CopyOnWriteArrayList<>();
        Handoff<Integer> handoff = new Handoff<>(executor, 2, item -> {
            writing.countDown();
            never.await(); // interrupted by abandon
            written.add(item);
        });
        handoff.hand(1);
        handoff.hand(2);
        writing.await();
        handoff.abandon();
        assertThatThrownBy(handoff::finish).isInstanceOf(Exception.class);
        assertThat(written).isEmpty();
    }
}
