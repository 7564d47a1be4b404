package org.interviewpanel.questionbank;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "question_category")
public class QuestionCategory extends PanacheEntityBase {

    @Id
    public String key;
    public String bank;
    public String title;
    public int position;
}
