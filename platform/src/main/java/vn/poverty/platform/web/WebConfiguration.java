package vn.poverty.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/** Error documents shared by both apps. */
@AutoConfiguration
@Import(ProblemDetailsAdvice.class)
public class WebConfiguration {}
