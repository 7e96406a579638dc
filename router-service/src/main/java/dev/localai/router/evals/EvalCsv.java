package dev.localai.router.evals;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.localai.openai.ApiException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an eval CSV (RFC 4180: quoted fields may hold commas, quotes and line breaks) with a header row naming
 * its columns, in any order and case: {@code prompt} (required), {@code system}, {@code expected}, {@code check},
 * {@code task_type}, {@code tags}. A record that cannot be used (no prompt, a bad check, a broken quote) is
 * reported with the line it starts on and left out; the others are read on. A CSV without a header, without a
 * {@code prompt} column or without one usable record is a 400.
 */
public final class EvalCsv {

    /** At most this many prompts in one run. */
    static final int MAX_PROMPTS = 5000;
    static final int MAX_PROMPT_CHARS = 200_000;
    static final Set<String> COLUMNS = Set.of("prompt", "system", "expected", "check", "task_type", "tags");
    private static final Pattern TASK_TYPE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");

    /** A line of the CSV that was left out, and why. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LineError(int line, String message) {
    }

    /** What a CSV held: its usable prompts and the lines left out. */
    public record Parsed(List<EvalPrompt> prompts, List<LineError> errors) {
    }

    private EvalCsv() {
    }

    public static Parsed parse(String csv) {
        String text = csv == null ? "" : csv.startsWith("\uFEFF") ? csv.substring(1) : csv;     // a BOM from a spreadsheet
        if (text.isBlank()) {
            throw ApiException.badRequest("The CSV is empty; expected a header row with a 'prompt' column, then one"
                    + " prompt per row.", null, "invalid_csv");
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(false).get();
        List<EvalPrompt> prompts = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw ApiException.badRequest("The CSV has no header row.", null, "invalid_csv");
            }
            CSVRecord header = records.next();
            Map<String, Integer> columns = columns(header, errors);
            Lines lines = new Lines(text);
            long read = header.getCharacterPosition();
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    errors.add(new LineError(lines.after(read), "the CSV cannot be read from here on: " + cause(e)));
                    break;
                }
                read = record.getCharacterPosition();
                int at = lines.at(read);
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue;
                }
                if (record.size() > header.size()) {
                    errors.add(new LineError(at, record.size() + " fields, but the header names " + header.size()
                            + " columns (a comma in a prompt needs the field in double quotes)"));
                    continue;
                }
                try {
                    prompts.add(prompt(at, record, columns));
                } catch (IllegalArgumentException e) {
                    errors.add(new LineError(at, e.getMessage()));
                }
                if (prompts.size() > MAX_PROMPTS) {
                    throw ApiException.badRequest("The CSV has more than " + MAX_PROMPTS + " prompts; split it.", null,
                            "invalid_csv");
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw ApiException.badRequest("The CSV cannot be read: " + cause(e), null, "invalid_csv");
        }
        if (prompts.isEmpty()) {
            throw ApiException.badRequest("The CSV has no usable prompt" + (errors.isEmpty() ? "."
                    : "; line " + errors.get(0).line() + ": " + errors.get(0).message()), null, "invalid_csv");
        }
        return new Parsed(prompts, errors);
    }

    private static Map<String, Integer> columns(CSVRecord header, List<LineError> ignored) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip().toLowerCase(Locale.ROOT).replace(' ', '_');
            if (name.isEmpty()) {
                continue;
            }
            if (!COLUMNS.contains(name)) {
                ignored.add(new LineError(1, "column '" + header.get(i).strip() + "' is not one of prompt, system,"
                        + " expected, check, task_type and tags; it is ignored"));
                continue;
            }
            if (columns.put(name, i) != null) {
                throw ApiException.badRequest("The CSV names column '" + name + "' twice.", null, "invalid_csv");
            }
        }
        if (!columns.containsKey("prompt")) {
            throw ApiException.badRequest("The CSV's header row has no 'prompt' column (it reads: "
                    + Arrays.toString(header.values()) + "); the first row must name the columns.", null, "invalid_csv");
        }
        return columns;
    }

    private static EvalPrompt prompt(int line, CSVRecord record, Map<String, Integer> columns) {
        String prompt = field(record, columns, "prompt");
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("no prompt");
        }
        if (prompt.length() > MAX_PROMPT_CHARS) {
            throw new IllegalArgumentException("the prompt is longer than " + MAX_PROMPT_CHARS + " characters");
        }
        String expected = field(record, columns, "expected");
        EvalCheck check = EvalCheck.parse(field(record, columns, "check"), expected);
        String task = field(record, columns, "task_type");
        task = task == null || task.isBlank() ? null : task.strip().toLowerCase(Locale.ROOT);
        if (task != null && !TASK_TYPE.matcher(task).matches()) {
            throw new IllegalArgumentException("task_type '" + task + "' is not a task type name (letters, digits, - and _)");
        }
        List<String> tags = new ArrayList<>();
        String tagText = field(record, columns, "tags");
        if (tagText != null) {
            for (String t : tagText.split("[,\\s]+")) {
                String tag = t.strip().toLowerCase(Locale.ROOT).replaceFirst("^#", "");
                if (tag.isEmpty()) {
                    continue;
                }
                if (!TAG.matcher(tag).matches()) {
                    throw new IllegalArgumentException("tag '" + t + "' is not a tag name (letters, digits, ., - and _)");
                }
                tags.add(tag);
            }
        }
        String system = field(record, columns, "system");
        return new EvalPrompt(line, prompt, system == null || system.isBlank() ? null : system, expected, check, task, tags);
    }

    /** The record's value in {@code column}, or null when the CSV has no such column or the record is short. */
    private static String field(CSVRecord record, Map<String, Integer> columns, String column) {
        Integer i = columns.get(column);
        return i == null || i >= record.size() ? null : record.get(i);
    }

    /** Line numbers (from 1) of character positions in the text; a line ends at \n, \r\n or \r. */
    private static final class Lines {
        private final int[] starts;
        private final String text;

        Lines(String text) {
            this.text = text;
            List<Integer> s = new ArrayList<>();
            s.add(0);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
                    s.add(i + 1);
                }
            }
            starts = s.stream().mapToInt(Integer::intValue).toArray();
        }

        /** The line of the first character at or after {@code position} that ends no line (empty lines are skipped). */
        int at(long position) {
            int p = (int) position;
            while (p < text.length() && (text.charAt(p) == '\n' || text.charAt(p) == '\r')) {
                p++;
            }
            int i = java.util.Arrays.binarySearch(starts, p);
            return (i >= 0 ? i : -i - 2) + 1;
        }

        /** The line after the one {@code position} is on (where reading went wrong after a record). */
        int after(long position) {
            return at(position) + 1;
        }
    }

    private static String cause(Exception e) {
        Throwable t = e.getCause() != null ? e.getCause() : e;
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }
}
