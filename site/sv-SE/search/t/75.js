kbsearch.shard("u",{"unabl":[3,1,10,1],"undersok":[19,2],"uppfyll":[3,3,10,2],"upphort":[0,3,7,2],"uppratthall":[0,3,7,2],"uppstar":[19,2],"url":[2,1,10,3],"use":[4,1,8,1,3,1,4,1],"ut":[5,3,12,2]});
