package org.interviewpanel.questionset;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "question_set_item")
@IdClass(QuestionSetItem.Key.class)
public class QuestionSetItem extends PanacheEntityBase {

    @Id
    public UUID setId;
    @Id
    public int position;
    public UUID questionId;
    public int questionVersion;
    public int minutes;

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public UUID setId;
        public int position;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.position == position && Objects.equals(k.setId, setId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(setId, position);
        }
    }
}
