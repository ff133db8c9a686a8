package org.simdnn.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report template: prose kept by hand with {@code {{name}}} placeholders for the generated parts. Every
 * placeholder must be one the writer fills, so a typo in the template or a section dropped from the writer fails
 * the generation instead of leaving a hole in the report.
 */
public final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z][a-z0-9-]*)}}");

    private Template() {}

    /**
     * Replaces every placeholder with its section.
     *
     * @param template the template text
     * @param sections generated text per placeholder name
     * @return the filled text
     * @throws IllegalArgumentException naming the placeholders the sections do not provide
     */
    public static String fill(String template, Map<String, String> sections) {
        List<String> unknown = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = sections.get(m.group(1));
            if (value == null) {
                unknown.add(m.group(1));
                value = "";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value.stripTrailing()));
        }
        m.appendTail(sb);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the template uses placeholders the report writer does not fill: "
                    + unknown + "; known: " + new TreeSet<>(sections.keySet()));
        }
        return sb.toString();
    }
}
