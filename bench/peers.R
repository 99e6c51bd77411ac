# peers.R — the R peers of the forecast benchmark (bench/forecast.sh).
#
# Reads a training CSV (date,sku,qty; dense daily, sorted by sku then date), fits each
# requested R method per SKU and writes, for every method M, OUTDIR/r_M.csv in jaego's
# forecast format (sku,date,model,mean,p10,p50,p90), plus OUTDIR/r_timing.csv with the
# wall (and CPU) time each method spent (fitting and forecasting only; reading the CSV and R's
# start-up are excluded, which favours R) and OUTDIR/r_subset.txt naming the SKUs that
# the slow methods (auto.arima, Prophet) were run on.
#
# Usage: Rscript bench/peers.R TRAIN.csv OUTDIR HORIZON METHODS SUBSET_N [SLOW]
#   METHODS   comma list of snaive,ets,arima,croston,prophet
#   SUBSET_N  how many SKUs the slow methods get (every k-th SKU in file order,
#             k = ceiling(nsku / SUBSET_N), starting with the first); 0 = all SKUs
#   SLOW      comma list of the slow methods (default arima,prophet)
#
# croston is computed as forecast::croston does, minus its in-sample fitted values (see
# fit_one). Intervals: the 80 % prediction interval is written as p10/p90 (croston has none: the
# columns are left empty). p50 is the point forecast. Values are clipped at 0, as jaego
# does, which can only help the peers on non-negative data. A fit that fails falls back
# to the seasonal naive forecast and is counted in r_timing.csv (column failed).
suppressPackageStartupMessages({
  library(forecast)
})

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 5 || length(args) > 6) {
  stop("usage: Rscript peers.R TRAIN.csv OUTDIR HORIZON METHODS SUBSET_N [SLOW]")
}
train_path <- args[1]
outdir <- args[2]
h <- as.integer(args[3])
methods <- strsplit(args[4], ",", fixed = TRUE)[[1]]
subset_n <- as.integer(args[5])
set.seed(20261129) # Prophet's uncertainty sampling is random: keep it reproducible

d <- read.csv(train_path, colClasses = c("character", "character", "numeric"))
skus <- unique(d$sku) # file order
series <- split(d$qty, factor(d$sku, levels = skus))
firsts <- tapply(d$date, factor(d$sku, levels = skus), min)
last_date <- as.Date(max(d$date))
fdates <- format(last_date + seq_len(h))

k <- if (subset_n <= 0 || subset_n >= length(skus)) 1L else ceiling(length(skus) / subset_n)
subset <- skus[seq(1, length(skus), by = k)]
writeLines(subset, file.path(outdir, "r_subset.txt"))
slow <- if (length(args) == 6) strsplit(args[6], ",", fixed = TRUE)[[1]] else c("arima", "prophet")

clip <- function(x) pmax(as.numeric(x), 0)

snaive_fc <- function(y) {
  f <- forecast::snaive(ts(y, frequency = 7), h = h, level = 80)
  list(mean = f$mean, lo = f$lower[, 1], hi = f$upper[, 1])
}

fit_one <- function(method, y, first) {
  yt <- ts(y, frequency = 7)
  if (method == "snaive") {
    return(snaive_fc(y))
  }
  if (method == "ets") {
    f <- forecast::forecast(forecast::ets(yt), h = h, level = 80)
    return(list(mean = f$mean, lo = f$lower[, 1], hi = f$upper[, 1]))
  }
  if (method == "arima") {
    f <- forecast::forecast(forecast::auto.arima(yt), h = h, level = 80)
    return(list(mean = f$mean, lo = f$lower[, 1], hi = f$upper[, 1]))
  }
  if (method == "croston") {
    # forecast::croston's own computation without its in-sample fitted values, which it
    # builds by refitting on every prefix (O(n^2): ~40 s for one 5-year daily series)
    # and which play no part in the forecast. The forecasts are identical.
    f <- forecast:::croston2(yt, h = h, alpha = 0.1, nofits = TRUE)
    return(list(mean = f, lo = NULL, hi = NULL))
  }
  if (method == "prophet") {
    df <- data.frame(ds = as.Date(first) + seq_along(y) - 1, y = y)
    m <- prophet::prophet(df, weekly.seasonality = TRUE, yearly.seasonality = TRUE,
                          daily.seasonality = FALSE, interval.width = 0.8)
    fut <- data.frame(ds = last_date + seq_len(h))
    p <- predict(m, fut)
    return(list(mean = p$yhat, lo = p$yhat_lower, hi = p$yhat_upper))
  }
  stop(paste("unknown method", method))
}

timing <- data.frame()
for (method in methods) {
  if (method == "prophet") {
    suppressPackageStartupMessages(library(prophet))
  }
  use <- if (method %in% slow) subset else skus
  n <- length(use)
  mean_m <- matrix(0, n, h)
  lo_m <- matrix(NA_real_, n, h)
  hi_m <- matrix(NA_real_, n, h)
  failed <- 0L
  t0 <- proc.time()
  cpu <- function(t) t[["user.self"]] + t[["sys.self"]]
  for (i in seq_len(n)) {
    y <- series[[use[i]]]
    r <- tryCatch(suppressWarnings(suppressMessages(fit_one(method, y, firsts[[use[i]]]))),
                  error = function(e) NULL)
    if (is.null(r)) {
      failed <- failed + 1L
      r <- snaive_fc(y)
      if (method == "croston") r$lo <- r$hi <- NULL
    }
    mean_m[i, ] <- clip(r$mean)
    if (!is.null(r$lo)) {
      lo_m[i, ] <- clip(r$lo)
      hi_m[i, ] <- clip(r$hi)
    }
  }
  t1 <- proc.time()
  secs <- t1[["elapsed"]] - t0[["elapsed"]]
  timing <- rbind(timing, data.frame(label = paste0("R ", method), nseries = n,
                                     seconds = secs, failed = failed,
                                     cpu_seconds = cpu(t1) - cpu(t0)))
  fmt <- function(x) ifelse(is.na(x), "", sprintf("%.6g", x))
  out <- data.frame(
    sku = rep(use, each = h), date = rep(fdates, times = n), model = method,
    mean = fmt(as.vector(t(mean_m))), p10 = fmt(as.vector(t(lo_m))),
    p50 = fmt(as.vector(t(mean_m))), p90 = fmt(as.vector(t(hi_m))))
  write.csv(out, file.path(outdir, paste0("r_", method, ".csv")), row.names = FALSE,
            quote = FALSE)
  cat(sprintf("  R %-8s %4d series  %8.2f s  (%.4f s/series, %d failed)\n", method, n, secs,
              secs / n, failed))
}
write.csv(timing, file.path(outdir, "r_timing.csv"), row.names = FALSE, quote = FALSE)
