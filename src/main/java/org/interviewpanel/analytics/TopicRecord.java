package org.interviewpanel.analytics;

import org.apache.kafka.common.header.Headers;

/** One record as read from the events topic, kept whole so a dead letter can carry it on unchanged. */
public record TopicRecord(String key, Headers headers, byte[] value, int partition, long offset) {
}
