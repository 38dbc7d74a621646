package io.rollcall.collector.evidence;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The controls Rollcall's data evidences and the shipped mapping from each rule and report field to them, read once
 * from {@code evidence/controls.json} on the class path. Immutable. An admin's edits are kept apart
 * ({@link EvidenceMapping}) so a reset returns exactly what this file says.
 *
 * @param sources  the documents the controls come from, each with its edition and whether it was checked
 * @param controls every control or standard line, in the order the pack shows them
 * @param mappings subject ({@code rule:<id>} or {@code field:<section>.<field>}, {@code field:<section>.*}) to control ids
 */
public record ControlCatalogue(List<Source> sources, List<Control> controls, List<Mapping> mappings) {
    public static final String RESOURCE = "/evidence/controls.json";
    /** Longest note an admin may write on a mapping. */
    public static final int MAX_NOTE = 1000;

    /** A source document and the edition the mapping was written against. */
    public record Source(String id, String publisher, String title, String edition, boolean verified, String note) {
    }

    /** One control or standard line; {@code parent} names the control a sub-requirement belongs to. */
    public record Control(String id, String source, String name, String text, String parent) {
    }

    /** What one subject evidences. */
    public record Mapping(String subject, List<String> controls, String note) {
        public Mapping {
            controls = controls == null ? List.of() : List.copyOf(controls);
        }
    }

    public ControlCatalogue {
        sources = List.copyOf(sources);
        controls = List.copyOf(controls);
        mappings = List.copyOf(mappings);
        List<String> p = problems(controls, mappings);
        if (!p.isEmpty()) {
            throw new IllegalArgumentException("evidence catalogue: " + String.join("; ", p));
        }
    }

    /** The catalogue shipped with the collector. */
    public static ControlCatalogue shipped() {
        ObjectMapper m = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (InputStream in = ControlCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return m.readValue(in, ControlCatalogue.class);
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " is unreadable", e);
        }
    }

    /** Control id → control, in catalogue order. */
    public Map<String, Control> byId() {
        Map<String, Control> out = new LinkedHashMap<>();
        controls.forEach(c -> out.put(c.id(), c));
        return out;
    }

    /** The shipped mapping of {@code subject}, or null. */
    public Mapping shippedMapping(String subject) {
        return mappings.stream().filter(x -> x.subject().equals(subject)).findFirst().orElse(null);
    }

    /**
     * The mapping that covers report field {@code section.field}: its own entry, else its section's
     * {@code section.*} entry; null when neither exists.
     */
    public static Mapping coverFor(List<Mapping> mappings, String section, String field) {
        Mapping wildcard = null;
        for (Mapping x : mappings) {
            if (x.subject().equals("field:" + section + "." + field)) {
                return x;
            }
            if (x.subject().equals("field:" + section + ".*")) {
                wildcard = x;
            }
        }
        return wildcard;
    }

    /** Problems of a mapping against these controls: unknown control ids, duplicate subjects, bad subjects. */
    static List<String> problems(List<Control> controls, List<Mapping> mappings) {
        Set<String> ids = new HashSet<>();
        List<String> p = new ArrayList<>();
        for (Control c : controls) {
            if (!ids.add(c.id())) {
                p.add("control " + c.id() + " appears twice");
            }
        }
        Set<String> subjects = new HashSet<>();
        for (Mapping x : mappings) {
            if (!subjects.add(x.subject())) {
                p.add("subject " + x.subject() + " appears twice");
            }
            for (String c : x.controls()) {
                if (!ids.contains(c)) {
                    p.add(String.format("%s maps to unknown control \"%s\"", x.subject(), c));
                }
            }
        }
        return p;
    }
}
