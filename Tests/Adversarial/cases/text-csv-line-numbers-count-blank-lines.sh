# Line numbers in CSV messages are the file's physical lines: blank lines
# (and CRLF line ends) count. The bad cell is on line 6.
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/m.json"
printf 'x1,x2,y\r\n\r\n1,0,1\r\n\r\n   \r\n1,oops,0\r\n' > "$WORK/d.csv"
expect 3 obstruct --init "$WORK/m.json" --data "$WORK/d.csv" --target y
stderr_has 'd.csv: line 6, column "x2": "oops" is not a number'
printf 'x1,x2,y\n\n\n1,0,1\n1,0\n' > "$WORK/short.csv"
expect 3 flow --init "$WORK/m.json" --data "$WORK/short.csv" --target y
stderr_has 'short.csv: line 5 has 2 cells'
exit 0
