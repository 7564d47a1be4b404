package org.interviewpanel.questionbank;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Everything about a question that is versioned: a change to any of it makes a new version. */
record QuestionContent(String text, List<String> parts, int difficulty, int minutes, List<String> tags, Rubric rubric,
        List<String> followUps) {

    QuestionContent {
        parts = parts == null ? List.of() : List.copyOf(parts);
        tags = List.copyOf(tags);
        followUps = followUps == null ? List.of() : List.copyOf(followUps);
    }

    /** A stable fingerprint, so re-importing unchanged files creates no version. */
    String hash() {
        StringBuilder canonical = new StringBuilder();
        append(canonical, text);
        parts.forEach(p -> append(canonical, p));
        append(canonical, "d" + difficulty + "m" + minutes);
        tags.forEach(t -> append(canonical, t));
        rubric.keyPoints().forEach(k -> append(canonical, k));
        append(canonical, rubric.levels().one());
        append(canonical, rubric.levels().three());
        append(canonical, rubric.levels().five());
        followUps.forEach(f -> append(canonical, f));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void append(StringBuilder out, String value) {
        out.append(value.length()).append(':').append(value).append('|');
    }
}
