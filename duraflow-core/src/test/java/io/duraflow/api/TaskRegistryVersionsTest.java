package io.duraflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskRegistryVersionsTest {
  private static final TaskOrchestration ONE = ctx -> "one";
  private static final TaskOrchestration TWO = ctx -> "two";
  private static final TaskOrchestration TEN = ctx -> "ten";

  @Test
  void compare_numericAware_ordersDigitRunsAsNumbers() {
    List<String> sorted = new ArrayList<>(List.of("1.10", "1.9", "2", "1", "1.0", "10", "1.9-beta"));
    sorted.sort(OrchestrationVersion.ORDER);
    assertThat(sorted).containsExactly("1", "1.0", "1.9", "1.9-beta", "1.10", "2", "10");
  }

  @Test
  void defaultVersion_highestUnlessPinned() {
    TaskRegistry highest = TaskRegistry.builder()
        .addOrchestration("Order", "1.9", ONE).addOrchestration("Order", "1.10", TEN).build();
    assertThat(highest.defaultVersion("Order")).contains("1.10");
    assertThat(highest.orchestration("Order")).containsSame(TEN);
    assertThat(highest.orchestration("Order", "1.9")).containsSame(ONE);
    assertThat(highest.orchestration("Order", "3")).isEmpty();
    assertThat(highest.orchestration("Order", null)).as("unversioned instances run the default").containsSame(TEN);

    TaskRegistry pinned = TaskRegistry.builder()
        .addOrchestration("Order", "1", ONE).addOrchestration("Order", "2", TWO).defaultVersion("Order", "1").build();
    assertThat(pinned.orchestration("Order")).containsSame(ONE);
    assertThat(TaskRegistry.builder().addAll(pinned).build().defaultVersion("Order")).contains("1");
  }

  @Test
  void unversionedRegistration_runsUnversionedInstances_besideVersions() {
    TaskOrchestration legacy = ctx -> "legacy";
    TaskRegistry r = TaskRegistry.builder().addOrchestration("Order", legacy).addOrchestration("Order", "2", TWO).build();
    assertThat(r.orchestration("Order", null)).containsSame(legacy);
    assertThat(r.orchestration("Order")).as("new instances get the default version").containsSame(TWO);
    assertThat(r.orchestrationClaimKeys()).containsExactlyInAnyOrder("Order", "Order@2");
    assertThat(r.orchestrationNames()).containsExactly("Order");
  }

  @Test
  void registration_badVersions_areRefusedWithAClearMessage() {
    assertThatThrownBy(() -> TaskRegistry.builder().addOrchestration("Order", "1", ONE).addOrchestration("Order", "1", TWO))
        .hasMessage("orchestration 'Order' version '1' is already registered");
    assertThatThrownBy(() -> TaskRegistry.builder().addOrchestration("Order", "a@b", ONE)).hasMessageContaining("'@'");
    assertThatThrownBy(() -> TaskRegistry.builder().addOrchestration("Order", " ", ONE)).hasMessageContaining("blank");
    assertThatThrownBy(() -> TaskRegistry.builder().addOrchestration("Order", "1", ONE).defaultVersion("Order", "3").build())
        .hasMessageContaining("default version '3' of orchestration 'Order' is not registered");
  }

  @Test
  void inputCheck_perVersion() {
    InputCheck strict = json -> {
      throw new IllegalArgumentException("no");
    };
    TaskRegistry r = TaskRegistry.builder().addOrchestration("Order", "1", ONE)
        .addOrchestration("Order", "2", TWO, strict).build();
    assertThat(r.inputCheck("Order")).containsSame(strict);
    assertThat(r.inputCheck("Order", "1")).isEmpty();
  }
}
