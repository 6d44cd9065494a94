package org.ijcampaign.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The declared schemas cover every table, and the column dictionary is generated from them. */
class TablesDocTest {

  @Test
  void everyTableOfTheWarehouseIsDeclaredOnceWithAMeaningForEachColumn() throws Exception {
    Set<String> named = new TreeSet<>();
    for (Field f : Tables.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        named.add((String) f.get(null));
      }
    }
    Set<String> declared = new TreeSet<>();
    for (TableSchema t : TableSchemas.ALL) {
      assertTrue(declared.add(t.name()), "declared twice: " + t.name());
      assertFalse(t.description().isBlank(), t.name());
      Set<String> columns = new HashSet<>();
      for (TableSchema.Column c : t.columns()) {
        assertTrue(columns.add(c.name()), t.name() + ": column twice: " + c.name());
        assertFalse(c.meaning().isBlank(), t.name() + "." + c.name() + " has no meaning");
        assertFalse(c.meaning().contains("\n"), t.name() + "." + c.name());
      }
      assertTrue(columns.containsAll(t.partitionColumns()), t.name() + ": partition columns");
    }
    assertEquals(named, declared);
  }

  @Test
  void theColumnDictionaryIsCurrent() throws Exception {
    String page = Files.readString(Path.of("docs", "tables.md"), StandardCharsets.UTF_8);
    assertEquals(TablesDoc.markdown(TableSchemas.ALL), page,
        "docs/tables.md is not generated from the current schemas: run jobs/tables-doc.sh");
  }

  @Test
  void thePageListsEachColumnWithItsTypeAndMeaning() {
    TableSchema t = TableSchema.table("demo", "One row per thing.").partitionedBy("period")
        .column("period", "string", "The period's label.")
        .column("days", "double", "Paid days | pro rata.")
        .column("items", "array<struct<path:string,size_bytes:bigint>>", "Files read.")
        .build();
    String page = TablesDoc.markdown(java.util.List.of(t));
    assertTrue(page.contains("## demo\n\nOne row per thing.\n\nPartitioned by `period`.\n"), page);
    assertTrue(page.contains("| `days` | `double` | Paid days \\| pro rata. |\n"), page);
    assertTrue(page.contains(
        "| `items` | `array<struct<path:string,size_bytes:bigint>>` | Files read. |\n"), page);
    assertEquals("The period's label.",
        t.structType().fields()[0].metadata().getString(TableSchema.COMMENT));
  }
}
