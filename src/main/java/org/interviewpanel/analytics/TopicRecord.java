package org.interviewpanel.analytics;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.header.Headers;

/** One record as read from the events topic, kept whole so a dead letter can carry it on unchanged. */
public record TopicRecord(String key, Headers headers, byte[] value, int partition, long offset) {

    /**
     * Splits records among {@code lanes} writers, each taking the partitions whose number modulo {@code lanes} is its
     * own, in the order given: a session's events are all in one partition, so they stay in order on one writer, and two
     * writers never write the same session's rows. A lane with no records gets an empty list.
     */
    static List<List<TopicRecord>> shares(List<TopicRecord> records, int lanes) {
        List<List<TopicRecord>> shares = new ArrayList<>(lanes);
        for (int i = 0; i < lanes; i++) {
            shares.add(new ArrayList<>());
        }
        for (TopicRecord r : records) {
            shares.get(r.partition() % lanes).add(r);
        }
        return shares;
    }
}
