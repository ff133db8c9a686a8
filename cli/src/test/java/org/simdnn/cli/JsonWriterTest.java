package org.simdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nestedDocumentParsesBackWithAStandardParser() throws Exception {
        String tricky = "quote \" backslash \\ newline \n tab \t bell \u0007 unicode \u00e9\u4e2d";
        String json = new JsonWriter()
                .beginObject()
                .name("s")
                .value(tricky)
                .name("n")
                .value(42L)
                .name("x")
                .value(0.1 + 0.2)
                .name("f")
                .value(0.1f)
                .name("nan")
                .value(Double.NaN)
                .name("inf")
                .value(Double.NEGATIVE_INFINITY)
                .name("t")
                .value(true)
                .name("nothing")
                .nullValue()
                .name("empty")
                .beginArray()
                .endArray()
                .name("emptyObject")
                .beginObject()
                .endObject()
                .name("list")
                .beginArray()
                .value(1L)
                .beginObject()
                .name("k")
                .value("v")
                .endObject()
                .value(2.5)
                .endArray()
                .endObject()
                .toJson();
        JsonNode root = JSON.readTree(json);
        assertEquals(tricky, root.get("s").asText());
        assertEquals(42, root.get("n").asLong());
        assertEquals(0.1 + 0.2, root.get("x").asDouble());
        assertTrue(root.get("nan").isNull());
        assertTrue(root.get("inf").isNull());
        assertTrue(root.get("t").asBoolean());
        assertTrue(root.get("nothing").isNull());
        assertEquals(0, root.get("empty").size());
        assertEquals(0, root.get("emptyObject").size());
        assertEquals(3, root.get("list").size());
        assertEquals("v", root.get("list").get(1).get("k").asText());
        assertEquals(2.5, root.get("list").get(2).asDouble());
        assertEquals("0.1", root.get("f").toString());
        assertEquals(11, root.size());
    }

    @Test
    void misuseIsRefused() {
        assertThrows(
                IllegalStateException.class,
                () -> new JsonWriter().beginObject().value(1L));
        assertThrows(
                IllegalStateException.class, () -> new JsonWriter().beginArray().name("a"));
        assertThrows(
                IllegalStateException.class,
                () -> new JsonWriter().beginObject().endArray());
        assertThrows(
                IllegalStateException.class,
                () -> new JsonWriter().beginObject().name("a").endObject());
        assertThrows(
                IllegalStateException.class,
                () -> new JsonWriter().beginObject().toJson());
        assertThrows(
                IllegalStateException.class,
                () -> new JsonWriter().beginArray().endArray().value(1L));
    }
}
