package org.interviewpanel.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the seed list (a copy of shared/seed/kafka-interview-questions.md) into categories and question texts. */
public final class SeedQuestions {

    public record Seed(int section, String category, int number, String text) {
    }

    private static final Pattern HEADING = Pattern.compile("^### \\*\\*(\\d+)\\. (.+)\\*\\*$");
    private static final Pattern QUESTION = Pattern.compile("^(\\d+)\\. \\*\\*(.+)\\*\\*$");

    private SeedQuestions() {
    }

    public static String raw() {
        try (InputStream in = SeedQuestions.class.getResourceAsStream("/seed/kafka-interview-questions.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Seed> all() {
        List<Seed> seeds = new ArrayList<>();
        int section = 0;
        String category = null;
        for (String line : raw().split("\n")) {
            Matcher heading = HEADING.matcher(line.strip());
            if (heading.matches()) {
                section = Integer.parseInt(heading.group(1));
                category = heading.group(2);
                continue;
            }
            Matcher question = QUESTION.matcher(line.strip());
            if (question.matches() && category != null) {
                seeds.add(new Seed(section, category, Integer.parseInt(question.group(1)), question.group(2)));
            }
        }
        return seeds;
    }
}
