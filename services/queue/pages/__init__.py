"""The queue's pages: the officer console (/petugas) and the waiting-room display (/antrian)."""
