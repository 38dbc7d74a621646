package io.rollcall.collector.console;

import static io.rollcall.collector.console.Html.esc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;

/**
 * Form controls with their labels (every input has one, tied by {@code for}/{@code id}), and the
 * bridge from a submitted form to the API's field checks: {@link #json} turns the form into the
 * JSON object {@code assets.Fields} reads, so a form and an API call are validated by the same code
 * and fail with the same field-naming message.
 */
final class Form {
    private Form() {
    }

    /** The opening of a POST form with its CSRF field; close it with {@code </form>}. */
    static String open(String action, String cls, String csrf) {
        return "<form method=\"post\" action=\"" + esc(action) + "\" class=\"" + esc(cls) + "\">" + Html.csrfField(csrf);
    }

    /** A labelled input; {@code attrs} is trusted markup such as {@code required maxlength="64"}. */
    static String input(String id, String name, String label, String type, String value, String attrs) {
        return "<label for=\"" + esc(id) + "\">" + esc(label) + "<input id=\"" + esc(id) + "\" name=\"" + esc(name)
                + "\" type=\"" + esc(type) + "\" value=\"" + esc(value) + "\"" + (attrs.isEmpty() ? "" : " " + attrs)
                + "></label>";
    }

    static String textarea(String id, String name, String label, String value, int rows, String attrs) {
        return "<label for=\"" + esc(id) + "\">" + esc(label) + "<textarea id=\"" + esc(id) + "\" name=\"" + esc(name)
                + "\" rows=\"" + rows + "\"" + (attrs.isEmpty() ? "" : " " + attrs) + ">" + esc(value) + "</textarea></label>";
    }

    /** A labelled select; {@code options} alternates value and text; {@code ""} is allowed as a value ("any"). */
    static String select(String id, String name, String label, String selected, String... options) {
        StringBuilder h = new StringBuilder("<label for=\"").append(esc(id)).append("\">").append(esc(label))
                .append("<select id=\"").append(esc(id)).append("\" name=\"").append(esc(name)).append("\">");
        for (int i = 0; i + 1 < options.length; i += 2) {
            boolean sel = options[i].equals(selected == null ? "" : selected);
            h.append("<option value=\"").append(esc(options[i])).append('"').append(sel ? " selected" : "")
                    .append('>').append(esc(options[i + 1])).append("</option>");
        }
        return h.append("</select></label>").toString();
    }

    /** The form's non-blank fields (first value of each, CSRF field left out) as a JSON object of strings. */
    static ObjectNode json(MultiMap form) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (String name : form.names()) {
            String v = form.get(name);
            if (!name.equals("_csrf") && v != null && !v.isBlank()) {
                o.put(name, v);
            }
        }
        return o;
    }

    /** The fixed notice for the page's {@code ?done=} key (never text from the URL itself), or nothing. */
    static String done(java.util.Map<String, String> messages, io.vertx.ext.web.RoutingContext ctx) {
        String key = io.rollcall.collector.http.Query.text(ctx, "done", 16);
        return key == null ? "" : done(messages.get(key));
    }

    /** A one-line notice shown after an action redirected back with {@code ?done=}. */
    static String done(String text) {
        return text == null ? "" : "<p class=\"notice\" role=\"status\">" + esc(text) + "</p>";
    }
}
