package io.duraflow.app.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A JSON argument given inline or as {@code @file}, checked before anything is sent or stored. */
public final class JsonInput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonInput() {}

  /** The JSON text of {@code arg} (read from the file after {@code @}), validated; null stays null. */
  public static String read(String arg, String option) {
    if (arg == null) {
      return null;
    }
    String text = arg;
    String where = option;
    if (arg.startsWith("@")) {
      Path file = Path.of(arg.substring(1));
      where = option + " " + arg;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new CliException(option + ": no file " + file, ExitCodes.USAGE);
      } catch (IOException e) {
        throw new CliException(option + ": cannot read " + file + ": " + e.getMessage(), ExitCodes.USAGE);
      }
    }
    try {
      JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new CliException(where + " is not valid JSON: " + describe(e), ExitCodes.USAGE);
    }
    return text;
  }

  /** Jackson's complaint with its line and column, without its source excerpt. */
  public static String describe(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String message = e.getOriginalMessage();
    int cut = message.indexOf('\n');
    message = cut < 0 ? message : message.substring(0, cut);
    return at == null ? message : message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }
}
