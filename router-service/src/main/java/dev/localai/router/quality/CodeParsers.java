package dev.localai.router.quality;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParseStart;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Problem;
import com.github.javaparser.Providers;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Real parsers for the fenced languages that have a well-kept one on the JVM: Java (JavaParser, as a
 * compilation unit, else as class members, else as statements, since answers often show a snippet), JSON
 * (Jackson), YAML (Jackson's YAML parser over SnakeYAML, every document) and XML (the JDK's SAX parser, a
 * fragment of several elements allowed; DTDs may be declared but nothing external is ever read). HTML is not
 * XML and stays with the structural check, as does every other language. A block over {@link #MAX_CHARS}
 * is not parsed (the structural check stands), so a huge answer costs no more than a linear scan.
 */
final class CodeParsers {

    /** Blocks longer than this are left to the structural check. */
    static final int MAX_CHARS = 32_000;

    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final SAXParserFactory SAX = sax();
    private static final Map<String, Function<String, String>> BY_LANGUAGE = Map.ofEntries(
            Map.entry("java", CodeParsers::java),
            Map.entry("json", CodeParsers::json),
            Map.entry("yaml", CodeParsers::yaml),
            Map.entry("yml", CodeParsers::yaml),
            Map.entry("xml", CodeParsers::xml),
            Map.entry("svg", CodeParsers::xml),
            Map.entry("xsd", CodeParsers::xml),
            Map.entry("xsl", CodeParsers::xml),
            Map.entry("xslt", CodeParsers::xml));

    private CodeParsers() {
    }

    /** Whether {@code language} (a fence's tag, lower case) has a real parser here. */
    static boolean has(String language) {
        return BY_LANGUAGE.containsKey(language);
    }

    /**
     * The first syntax error of {@code code} in {@code language}, described (with its line); null when it
     * parses. Only for a language that {@link #has} a parser and code within {@link #MAX_CHARS}.
     */
    static String error(String language, String code) {
        return BY_LANGUAGE.get(language).apply(code);
    }

    // --- Java

    private static final ParserConfiguration JAVA_LEVEL = new ParserConfiguration()
            .setLanguageLevel(ParserConfiguration.LanguageLevel.CURRENT);

    /**
     * A compilation unit, class members or statements: whichever parses; when none does, the error of the
     * reading that got furthest (the others usually fail at once on what is simply another kind of snippet).
     */
    static String java(String code) {
        String unit = javaError(ParseStart.COMPILATION_UNIT, code, 0);
        if (unit == null) {
            return null;
        }
        String members = javaError(ParseStart.COMPILATION_UNIT, "class Snippet {\n" + code + "\n}", 1);
        if (members == null) {
            return null;
        }
        String statements = javaError(ParseStart.BLOCK, "{\n" + code + "\n}", 1);
        if (statements == null) {
            return null;
        }
        String furthest = unit;
        for (String e : List.of(members, statements)) {
            if (line(e) > line(furthest)) {
                furthest = e;
            }
        }
        return furthest;
    }

    private static <N extends com.github.javaparser.ast.Node> String javaError(ParseStart<N> start, String code,
                                                                          int linesAdded) {
        // a parser per call: JavaParser instances keep state and are not thread-safe
        ParseResult<N> result = new JavaParser(JAVA_LEVEL).parse(start, Providers.provider(code));
        if (result.isSuccessful()) {
            return null;
        }
        Problem first = result.getProblems().get(0);
        int line = first.getLocation().flatMap(l -> l.getBegin().getRange()).map(r -> r.begin.line - linesAdded)
                .orElse(0);
        String message = first.getMessage().split("\\R", 2)[0].replaceFirst(",? expected one of .*", "");
        return (line > 0 ? "line " + line + ": " : "") + clip(message);
    }

    private static int line(String error) {
        return error.startsWith("line ") ? Integer.parseInt(error.substring(5, error.indexOf(':'))) : 0;
    }

    // --- JSON and YAML

    static String json(String code) {
        return Checks.isJson(code) ? null : "not valid JSON";
    }

    /** Every document of the stream, read token by token (nothing is built, no tags resolved to types). */
    static String yaml(String code) {
        try (JsonParser parser = YAML.createParser(code)) {
            while (parser.nextToken() != null) {
                parser.skipChildren();
            }
            return null;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String message = e.getOriginalMessage().split("\\R", 2)[0];
            return (at != null && at.getLineNr() > 0 ? "line " + at.getLineNr() + ": " : "") + clip(message);
        } catch (IOException e) {
            return clip(e.getMessage());
        }
    }

    // --- XML

    private static SAXParserFactory sax() {
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IllegalStateException("the JDK's SAX parser refuses a safety feature", e);
        }
        return f;
    }

    /**
     * Well-formed XML. A fragment of several sibling elements (a few {@code <dependency>} blocks) is read
     * inside a made-up root when it has no declaration or DOCTYPE of its own.
     */
    static String xml(String code) {
        String whole = xmlError(code, 0);
        if (whole == null) {
            return null;
        }
        String head = code.stripLeading();
        if (head.startsWith("<?xml") || head.startsWith("<!DOCTYPE")) {
            return whole;
        }
        return xmlError("<snippet>\n" + code + "\n</snippet>", 1) == null ? null : whole;
    }

    private static String xmlError(String code, int linesAdded) {
        try {
            SAXParser parser = SAX.newSAXParser();
            parser.getXMLReader().setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
            parser.parse(new InputSource(new StringReader(code)), new DefaultHandler());
            return null;
        } catch (SAXParseException e) {
            int line = e.getLineNumber() - linesAdded;
            return (line > 0 ? "line " + line + ": " : "") + clip(String.valueOf(e.getMessage()));
        } catch (org.xml.sax.SAXException | IOException e) {
            return clip(String.valueOf(e.getMessage()));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's SAX parser cannot be configured", e);
        }
    }

    private static String clip(String message) {
        String m = message == null ? "" : message.strip();
        return m.length() > 120 ? m.substring(0, 120) + "…" : m;
    }
}
