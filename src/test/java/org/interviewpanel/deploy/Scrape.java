package org.interviewpanel.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The app's {@code /q/metrics} (Prometheus' text format) as samples, to ask which series and labels it exports. */
record Scrape(List<Scrape.Sample> samples) {

    /** One line of the exposition: a series and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static Scrape of(String exposition) {
        List<Sample> samples = new ArrayList<>();
        for (String line : exposition.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            Map<String, String> labels = new HashMap<>();
            String rest;
            String name;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                int close = line.lastIndexOf('}');
                Matcher label = LABEL.matcher(line.substring(brace + 1, close));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
                rest = line.substring(close + 1).strip();
            } else {
                name = line.substring(0, space);
                rest = line.substring(space + 1).strip();
            }
            samples.add(new Sample(name, labels, Double.parseDouble(rest.split("\\s+")[0])));
        }
        return new Scrape(samples);
    }

    boolean exports(String metric) {
        return samples.stream().anyMatch(s -> s.name().equals(metric));
    }

    boolean hasLabel(String metric, String label) {
        return samples.stream().anyMatch(s -> s.name().equals(metric) && s.labels().containsKey(label));
    }

    boolean hasSeries(String metric, String label, String value) {
        return samples.stream().anyMatch(s -> s.name().equals(metric) && value.equals(s.labels().get(label)));
    }

    double sum(String metric) {
        return samples.stream().filter(s -> s.name().equals(metric)).mapToDouble(Sample::value).sum();
    }

    /** The sum of a metric's series that carry this label value. */
    double sum(String metric, String label, String value) {
        return samples.stream().filter(s -> s.name().equals(metric) && value.equals(s.labels().get(label)))
                .mapToDouble(Sample::value).sum();
    }
}
