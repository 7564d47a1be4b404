package org.interviewpanel.live;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * When this instance's live consumer gets its partitions, it starts a minute back rather than at the end, so events
 * made while it was joining (and recent presence) are not missed. Live frames are idempotent for the clients.
 */
@ApplicationScoped
public class LiveCatchUp {

    static final long LOOK_BACK_MS = 60_000;

    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> since = new HashMap<>();
        long from = System.currentTimeMillis() - LOOK_BACK_MS;
        partitions.forEach(p -> since.put(p, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp at = offsets.get(partition);
            consumer.seek(partition, at != null ? at.offset() : ends.get(partition));
        }
    }
}
