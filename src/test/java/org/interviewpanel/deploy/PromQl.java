package org.interviewpanel.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PromQL expression asks of the metrics: the series it selects (metric names with their label matchers) and
 * the labels it groups by. Read with patterns, well enough for the dashboard's and the alerts' expressions; an
 * expression it cannot read yields a name the app does not export, so the test fails rather than passes.
 */
final class PromQl {

    /** A label matcher: {@code label op "value"}. */
    record LabelMatcher(String label, String op, String value) {
    }

    /** A metric name and its matchers. */
    record Selector(String metric, List<LabelMatcher> matchers) {
    }

    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern SELECTOR = Pattern.compile(
            "(?<![\\w.$])([a-zA-Z_:][\\w:]*)\\s*\\{((?:[^}\"]|\"(?:[^\"\\\\]|\\\\.)*\")*)}");
    private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern GROUPING = Pattern
            .compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][\\w:]*)(?![\\w:])(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

    private PromQl() {
    }

    static List<Selector> selectors(String expr) {
        List<Selector> selectors = new ArrayList<>();
        Matcher withMatchers = SELECTOR.matcher(expr);
        StringBuilder rest = new StringBuilder();
        while (withMatchers.find()) {
            List<LabelMatcher> matchers = new ArrayList<>();
            Matcher m = MATCHER.matcher(withMatchers.group(2));
            while (m.find()) {
                matchers.add(new LabelMatcher(m.group(1), m.group(2), m.group(3)));
            }
            selectors.add(new Selector(withMatchers.group(1), matchers));
            withMatchers.appendReplacement(rest, " ");
        }
        withMatchers.appendTail(rest);
        String bare = RANGE.matcher(GROUPING.matcher(QUOTED.matcher(rest).replaceAll(" ")).replaceAll(" "))
                .replaceAll(" ");
        Matcher names = IDENTIFIER.matcher(bare);
        while (names.find()) {
            if (!KEYWORDS.contains(names.group(1).toLowerCase())) {
                selectors.add(new Selector(names.group(1), List.of()));
            }
        }
        return selectors;
    }

    /** The labels of every {@code by}, {@code without}, {@code on}, … clause. */
    static Set<String> groupingLabels(String expr) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher grouping = GROUPING.matcher(expr);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.strip());
                }
            }
        }
        return labels;
    }
}
