# make_fixtures.R — writes the reference values that tests/unit/test_fc_ets.c and
# test_fc_arima.c hold the engine's ETS and ARIMA fits to, computed with R's forecast
# package (Hyndman). The tests read only the files written here, never R.
#
#   Rscript tools/r/make_fixtures.R [DATA_DIR] [OUT_DIR]
#   defaults: DATA_DIR=../shared/data  OUT_DIR=tests/data/r_fixtures
#
# Series: real daily sales (see DATA_DIR/README.md), cut to a fixed window and written
# out as one value per line so that the fixtures do not depend on DATA_DIR later.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
data_dir <- if (length(args) >= 1) args[1] else "../shared/data"
out_dir <- if (length(args) >= 2) args[2] else "tests/data/r_fixtures"
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
H <- 14

load_sku <- function(file, sku, last) {
  d <- read.csv(file.path(data_dir, file), colClasses = c("character", "character", "numeric"))
  y <- d$qty[d$sku == sku]
  tail(y, last)
}

series <- list(
  # pasta shop, fast mover with shop-closed zeros: additive forms only
  pasta_b1_12 = load_sku("italian_pasta_store.csv", "B1_12", 730),
  # pasta shop, shifted by one so that it is strictly positive: multiplicative forms
  pasta_b2_15p1 = load_sku("italian_pasta_store.csv", "B2_15", 364) + 1,
  # UK gift-ware, the SKU with most selling days
  retail_85123a = load_sku("online_retail_uk.csv", "85123A", 374)
)
for (nm in names(series)) {
  writeLines(format(series[[nm]], scientific = FALSE, trim = TRUE),
             file.path(out_dir, paste0("series_", nm, ".txt")))
}

fmt <- function(x) trimws(formatC(x, digits = 12, format = "g"))

# ---------------------------------------------------------------- ETS
ets_cases <- list(
  c("pasta_b1_12", "ANN"), c("pasta_b1_12", "AAdN"), c("pasta_b1_12", "ANA"),
  c("pasta_b1_12", "AAA"), c("pasta_b1_12", "AAdA"), c("pasta_b1_12", "auto"),
  c("pasta_b2_15p1", "MNN"), c("pasta_b2_15p1", "MAdN"), c("pasta_b2_15p1", "MNA"),
  c("pasta_b2_15p1", "MNM"), c("pasta_b2_15p1", "MAdM"), c("pasta_b2_15p1", "auto"),
  c("retail_85123a", "ANN"), c("retail_85123a", "ANA"), c("retail_85123a", "auto")
)
lines <- c("# series,spec,name,alpha,beta,gamma,phi,loglik,aicc,sigma2,mean1..mean14,var1..var14,ninit,initstate...")
for (cs in ets_cases) {
  y <- ts(series[[cs[1]]], frequency = 7)
  if (cs[2] == "auto") {
    fit <- ets(y)
  } else {
    sp <- cs[2]
    damped <- grepl("d", sp)
    model <- gsub("d", "", sp)
    fit <- ets(y, model = model, damped = damped)
  }
  p <- fit$par
  g <- function(k, dflt) if (!is.na(p[k])) p[[k]] else dflt
  fc <- forecast(fit, h = H, level = 80, simulate = FALSE)
  z <- qnorm(0.9)
  v <- ((fc$upper[, 1] - fc$lower[, 1]) / (2 * z))^2
  lines <- c(lines, paste(c(cs[1], cs[2], fit$method,
    fmt(c(g("alpha", 0), g("beta", 0), g("gamma", 0), g("phi", 1),
          fit$loglik, fit$aicc, fit$sigma2, as.numeric(fc$mean), as.numeric(v))),
    length(fit$initstate), fmt(as.numeric(fit$initstate))),
    collapse = ","))
}
writeLines(lines, file.path(out_dir, "ets.csv"))

# ---------------------------------------------------------------- ARIMA
# order p,d,q,P,D,Q; constant = include.constant (mean when d+D=0, drift when d+D=1)
arima_cases <- list(
  list("pasta_b1_12", c(1, 1, 1), c(0, 1, 1), FALSE),
  list("pasta_b1_12", c(2, 0, 1), c(1, 0, 0), TRUE),
  list("pasta_b1_12", c(0, 1, 1), c(0, 0, 0), TRUE),
  list("retail_85123a", c(1, 0, 1), c(1, 0, 1), TRUE),
  list("retail_85123a", c(0, 1, 1), c(0, 0, 0), FALSE),
  list("pasta_b2_15p1", c(1, 0, 0), c(0, 1, 1), TRUE)
)
lines <- c("# series,p,d,q,P,D,Q,constant,name,loglik,aicc,sigma2,ncoef,coef...(ar,ma,sar,sma,mean/drift),mean1..mean14,var1..var14")
for (cs in arima_cases) {
  y <- ts(series[[cs[[1]]]], frequency = 7)
  fit <- Arima(y, order = cs[[2]], seasonal = cs[[3]], include.constant = cs[[4]])
  fc <- forecast(fit, h = H, level = 80)
  z <- qnorm(0.9)
  v <- ((fc$upper[, 1] - fc$lower[, 1]) / (2 * z))^2
  co <- fit$coef
  lines <- c(lines, paste(c(cs[[1]], cs[[2]], cs[[3]], as.integer(cs[[4]]),
    gsub(" ", "", gsub(" with .*", "", forecast:::arima.string(fit, padding = FALSE))),
    fmt(c(fit$loglik, fit$aicc, fit$sigma2)), length(co), fmt(co),
    fmt(as.numeric(fc$mean)), fmt(as.numeric(v))), collapse = ","))
}
writeLines(lines, file.path(out_dir, "arima.csv"))

# automatic order search, both R's default (approximation for long series) and exact ML
lines <- c("# series,approximation,name,aicc,seconds")
for (nm in names(series)) {
  y <- ts(series[[nm]], frequency = 7)
  for (ap in c(TRUE, FALSE)) {
    t0 <- proc.time()[["elapsed"]]
    fit <- auto.arima(y, approximation = ap)
    t1 <- proc.time()[["elapsed"]]
    lines <- c(lines, paste(nm, as.integer(ap),
      gsub(" ", "", forecast:::arima.string(fit, padding = FALSE)), fmt(fit$aicc),
      fmt(t1 - t0), sep = ","))
  }
}
writeLines(lines, file.path(out_dir, "auto_arima.csv"))
cat("fixtures written to", out_dir, "\n")
